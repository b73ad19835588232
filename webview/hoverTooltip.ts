/**
 * The tooltip of charts with many points (spec `usermeta.tooltip`, see
 * src/views/hoverDetails.ts): one handler builds the hovered point's rows when the pointer
 * reaches it, instead of Vega evaluating a tooltip expression for every point as it draws.
 * It fills the element vega-tooltip uses (`#vg-tooltip-element`, styled by
 * media/webview.css), with text only: names from the run never reach it as HTML.
 */
import type { TooltipHandler } from 'vega';
import { HOVER_DETAILS, hoverDetails, type TooltipField } from '../src/views/hoverDetails';
import { el } from './dom';

const ELEMENT_ID = 'vg-tooltip-element';
/** Pixels between the pointer and the tooltip, as vega-tooltip's default. */
const OFFSET = 10;

/**
 * A Vega tooltip handler for points whose tooltip is `HOVER_DETAILS`: their rows are
 * `fields` of the hovered datum, numbers formatted by `format` (the view's own d3
 * formatter, so they read as an evaluated tooltip would). Any other value hides it.
 */
export function hoverTooltipHandler(fields: readonly TooltipField[], format: (value: number, specifier: string) => string): TooltipHandler {
  return (_handler, event, item, value) => {
    const tooltip = tooltipElement();
    const datum = (item as { datum?: unknown } | null | undefined)?.datum;
    if (value !== HOVER_DETAILS || !datum || typeof datum !== 'object') {
      tooltip.classList.remove('visible');
      return;
    }
    const rows = Object.entries(hoverDetails(datum as Record<string, unknown>, fields, format));
    tooltip.replaceChildren(
      el('table', {}, [el('tbody', {}, rows.map(([key, text]) => el('tr', {}, [el('td', { className: 'key', text: key }), el('td', { className: 'value', text })])))]),
    );
    tooltip.classList.add('visible');
    place(tooltip, event.clientX, event.clientY);
  };
}

function tooltipElement(): HTMLElement {
  const existing = document.getElementById(ELEMENT_ID);
  if (existing) return existing;
  const created = el('div', { className: 'vg-tooltip', attrs: { id: ELEMENT_ID, role: 'tooltip' } });
  document.body.append(created);
  return created;
}

/** Below right of the pointer, flipped to stay in the window. */
function place(tooltip: HTMLElement, x: number, y: number): void {
  const { width, height } = tooltip.getBoundingClientRect();
  const left = x + OFFSET + width > window.innerWidth ? x - OFFSET - width : x + OFFSET;
  const top = y + OFFSET + height > window.innerHeight ? y - OFFSET - height : y + OFFSET;
  tooltip.style.left = `${Math.max(0, left)}px`;
  tooltip.style.top = `${Math.max(0, top)}px`;
}
