/**
 * The Stocks drill-down's "why this name is held" card: rank in the universe, weight and
 * active weight, each factor's part in the score (base + factors = score), the guardrails
 * that bind on the name, and its change since the previous date by factor. The same
 * explanation `glassbox explain` prints.
 */
import type { HoldingExplanation } from '../../src/model/explain/explainHolding';
import { el } from '../dom';
import { bpSignClass, formatBp, formatPercent, formatSignedPercent } from '../format';
import { compactTable } from './parts';
import { whyHeldChange, whyHeldSummary } from './whyHeldText';

const GUARDRAIL_STATUS: Record<HoldingExplanation['guardrails'][number]['status'], string> = {
  breach: 'breach',
  'at-limit': 'at the limit: binds',
  within: 'within',
  'not-checked': 'not checked (no benchmark)',
};

/** The card. */
export function whyHeldSection(e: HoldingExplanation): HTMLElement {
  const section = el('section', { className: 'card why-held' }, [el('h3', { className: 'card-title', text: 'Why this name is held' }), el('p', { className: 'why-summary', text: whyHeldSummary(e) })]);
  if (e.hasContributions) {
    const steps = [{ step: 'base value', value: e.baseValue }, ...e.factors.map((f) => ({ step: f.factor, value: f.contribution })), { step: '= score', value: e.score }];
    section.append(
      compactTable(
        'Base value, factors and score',
        [
          { label: 'Step', text: (s: { step: string; value: number | null }) => s.step },
          { label: 'Contribution (bp of score)', numeric: true, text: (s) => formatBp(s.value), className: (s) => (bpSignClass(s.value) === 'negative' ? 'negative' : '') },
        ],
        steps,
        'why-steps',
      ),
    );
  }
  if (e.guardrails.length) {
    section.append(
      compactTable(
        'Guardrails on this name',
        [
          { label: 'Guardrail', text: (g: HoldingExplanation['guardrails'][number]) => (g.guardrail === 'stock' ? 'single name' : `${g.guardrail} ${g.name}`) },
          { label: 'Value', numeric: true, text: (g) => (g.guardrail === 'stock' ? formatPercent(g.value) : formatSignedPercent(g.value)) },
          { label: 'Limit', numeric: true, text: (g) => (g.guardrail === 'stock' ? formatPercent(g.limit) : `±${formatPercent(g.limit)}`) },
          { label: 'Status', text: (g) => GUARDRAIL_STATUS[g.status], className: (g) => `status-${g.status}` },
        ],
        e.guardrails,
        'why-guardrails',
      ),
    );
  }
  section.append(el('p', { className: 'why-change muted', text: whyHeldChange(e) }));
  return section;
}
