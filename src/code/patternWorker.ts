/**
 * The worker thread that runs definition searches with the user's own regular expressions
 * (`glassbox.code.definitionPatterns`), so that a pattern that backtracks without end is
 * stopped by patternRunner.ts instead of freezing the extension host.
 */
import { parentPort } from 'node:worker_threads';
import { findDefinitions, scanDefinitions } from './definitions';
import type { PatternRequest, PatternResponse } from './patternRunner';

const port = parentPort;
if (!port) throw new Error('patternWorker.js runs as a worker thread');

port.on('message', (request: PatternRequest) => {
  let response: PatternResponse;
  try {
    const options = { userPatterns: request.patterns };
    response =
      request.kind === 'find'
        ? { id: request.id, kind: 'find', result: findDefinitions(request.text, request.language, request.feature, options) }
        : { id: request.id, kind: 'scan', result: scanDefinitions(request.text, request.language, options) };
  } catch (error) {
    response = { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response);
});
