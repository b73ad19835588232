export {
  ATTRIBUTION_KEYS,
  ATTRIBUTION_WEIGHTS,
  attribution,
  attributionHeld,
  attributionRow,
  attributionRows,
  type AttributionKey,
  type AttributionOptions,
  type AttributionResult,
  type AttributionRow,
  type AttributionWeight,
} from './attribution';
