/**
 * Checks that a message from the webview has the shape the protocol says, before the host
 * acts on it. Anything else is dropped (and logged by the caller).
 */
import { TABS, type FromWebview } from '../protocol';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isFilters = (v: unknown) => isObject(v) && ['sectors', 'countries', 'regions', 'factors'].every((k) => isStringArray(v[k]));
const isTab = (v: unknown) => typeof v === 'string' && (TABS as readonly string[]).includes(v);

const isNullableString = (v: unknown) => v === null || typeof v === 'string';

function isQuery(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (typeof v.date !== 'string' || !isFilters(v.filters)) return false;
  switch (v.kind) {
    case 'overview':
    case 'factors':
    case 'stocks':
    case 'portfolio':
    case 'performance':
    case 'signals':
    case 'stability':
    case 'transferCoefficient':
      return true;
    case 'explain':
      return typeof v.stock === 'string';
    case 'stock':
      return typeof v.stock === 'string';
    case 'features':
    case 'dependence':
      return isNullableString(v.feature) && isNullableString(v.colorBy);
    case 'compare':
      return (v.against === 'previous' || v.against === 'baseline') && isNullableString(v.stock);
    default:
      return false;
  }
}

function isViewState(v: unknown): boolean {
  return (
    isObject(v) &&
    isTab(v.tab) &&
    (v.date === null || typeof v.date === 'string') &&
    isFilters(v.filters) &&
    (v.stock === null || typeof v.stock === 'string') &&
    isObject(v.sort) &&
    typeof v.sort.column === 'string' &&
    typeof v.sort.descending === 'boolean' &&
    typeof v.search === 'string' &&
    (v.measure === undefined || v.measure === 'portfolio' || v.measure === 'active') &&
    (v.feature === undefined || isNullableString(v.feature)) &&
    (v.colorBy === undefined || isNullableString(v.colorBy)) &&
    (v.compareAgainst === undefined || v.compareAgainst === 'previous' || v.compareAgainst === 'baseline')
  );
}

export function isFromWebview(message: unknown): message is FromWebview {
  if (!isObject(message)) return false;
  switch (message.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'request':
      return Number.isInteger(message.id) && isQuery(message.query);
    case 'stateChanged':
      return isViewState(message.state);
    case 'rendered':
      return isTab(message.tab) && Array.isArray(message.charts) && message.charts.every((c) => isObject(c) && typeof c.name === 'string' && typeof c.marks === 'number');
    case 'webviewError':
      return typeof message.message === 'string';
    case 'exportChart':
      return (
        typeof message.name === 'string' &&
        message.name.length > 0 &&
        message.name.length <= 200 &&
        (message.format === 'svg' || message.format === 'png') &&
        typeof message.data === 'string' &&
        message.data.length > 0
      );
    case 'openFeature':
      return typeof message.feature === 'string' && message.feature.length > 0 && message.feature.length <= 500;
    default:
      return false;
  }
}
