/**
 * The host drops any webview message the protocol does not describe. Every query kind the
 * webview sends must pass: a kind missing from the guard would be dropped without a word and
 * its view would wait forever. The sample per kind is a mapped type over the protocol's
 * kinds, so a new kind does not compile until it is listed here.
 */
import { strict as assert } from 'node:assert';
import { isFromWebview } from '../../../src/editor/messageGuard';
import type { Query, QueryKind } from '../../../src/protocol';
import { NO_FILTERS } from '../../../src/model/types';

const base = { date: '2024-01-31', filters: NO_FILTERS };

/** A query of each kind the webview asks; null for the kinds only the host itself asks. */
const SAMPLES: { [K in QueryKind]: Extract<Query, { kind: K }> | null } = {
  overview: { kind: 'overview', ...base },
  factors: { kind: 'factors', ...base },
  stocks: { kind: 'stocks', ...base },
  stock: { kind: 'stock', ...base, stock: 'AAPL' },
  features: { kind: 'features', ...base, feature: 'ep_fy1', colorBy: null },
  dependence: { kind: 'dependence', ...base, feature: 'ep_fy1', colorBy: 'mom_12_1' },
  portfolio: { kind: 'portfolio', ...base },
  compare: { kind: 'compare', ...base, against: 'previous', stock: null },
  performance: { kind: 'performance', ...base },
  signals: { kind: 'signals', ...base },
  stability: { kind: 'stability', ...base },
  explain: { kind: 'explain', ...base, stock: 'AAPL' },
  transferCoefficient: { kind: 'transferCoefficient', ...base },
  featureStats: null,
  problems: null,
};

describe('editor/messageGuard', () => {
  for (const [kind, query] of Object.entries(SAMPLES)) {
    if (query === null) {
      it(`drops ${kind} from the webview (only the host asks it)`, () => {
        assert.equal(isFromWebview({ type: 'request', id: 1, query: { kind, ...base, feature: 'x', stock: 'x' } }), false);
      });
      continue;
    }
    it(`lets the webview ask ${kind}, and drops it malformed`, () => {
      assert.equal(isFromWebview({ type: 'request', id: 1, query }), true);
      assert.equal(isFromWebview({ type: 'request', id: 1, query: { ...query, filters: { sectors: 'Energy' } } }), false);
      assert.equal(isFromWebview({ type: 'request', id: 1.5, query }), false);
    });
  }

  it('drops a dependence or features query whose feature is not text or null', () => {
    for (const kind of ['features', 'dependence']) assert.equal(isFromWebview({ type: 'request', id: 1, query: { kind, ...base, feature: 7, colorBy: null } }), false);
  });
});
