/** The `glassbox.code.*` settings, read in one place. */
import * as vscode from 'vscode';

/** Extra definition patterns with a `{name}` placeholder (`glassbox.code.definitionPatterns`). */
export function definitionPatterns(scope?: vscode.Uri): string[] {
  const value = vscode.workspace.getConfiguration('glassbox.code', scope).get<unknown>('definitionPatterns', []);
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

export const DEFINITION_PATTERNS_SETTING = 'glassbox.code.definitionPatterns';
