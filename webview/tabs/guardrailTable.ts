/**
 * The guardrail table the Overview and Portfolio tabs share: one row per guardrail on the
 * date, its limit, the worst value, the breaches and the status (with its icon), or why a
 * guardrail could not be checked.
 */
import type { GuardrailCheck } from '../../src/model/types';
import { el, icon } from '../dom';
import { formatPercent } from '../format';
import { compactTable, unavailable } from './parts';
import { breachesText, GUARDRAIL_LABELS, guardrailStatusText, worstText } from './summaries';

const STATUS_ICONS: Record<GuardrailCheck['status'], string> = {
  pass: 'pass',
  breach: 'error',
  'no-benchmark': 'circle-slash',
  'no-weights': 'circle-slash',
  'no-previous-date': 'circle-slash',
  'no-returns': 'circle-slash',
};

/**
 * A card titled `title` with the table of `checks` (or, without any, how to set guardrails).
 * @example guardrailSection('Guardrails on 2023-07-31', overview.guardrails)
 */
export function guardrailSection(title: string, checks: readonly GuardrailCheck[], className = ''): HTMLElement {
  const section = el('section', { className: `card guardrail-table-card ${className}`.trim() }, [el('h3', { className: 'card-title', text: title })]);
  if (!checks.length) {
    section.append(unavailable('The manifest sets no guardrails.', 'Add "constraints" to run.glassbox.json, e.g. {"sector": {"maxActive": 0.05}}.'));
    return section;
  }
  section.append(
    compactTable(
      'Guardrails on the date',
      [
        { label: 'Guardrail', text: (c: GuardrailCheck) => GUARDRAIL_LABELS[c.guardrail] + (c.guardrail === 'trackingError' ? ' (run)' : '') },
        { label: 'Limit', numeric: true, text: (c) => formatPercent(c.limit) },
        { label: 'Worst', numeric: true, text: (c) => worstText(c) },
        { label: 'Breaches', text: (c) => breachesText(c), className: () => 'breaches' },
        { label: 'Status', text: (c) => guardrailStatusText(c), className: (c) => `status status-${c.status}` },
      ],
      checks,
      'guardrail-table',
    ),
  );
  // Each status cell starts with its icon (pass / breach / not checked).
  section.querySelectorAll('tbody td.status').forEach((cell, i) => {
    cell.prepend(icon(STATUS_ICONS[checks[i].status]), document.createTextNode(' '));
  });
  return section;
}
