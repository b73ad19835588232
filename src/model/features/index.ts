/**
 * The Features tab's queries on the panel: importance, beeswarm, dependence with the
 * suggested interaction, and importance by sector. Each takes the panel, a date index
 * (null for every date where supported) and the shared filter masks, and returns plain data.
 */
export type * from './types';
export { featureImportance } from './importance';
export { beeswarmData, MAX_BEESWARM_FEATURES, type BeeswarmOptions } from './beeswarm';
export { dependenceData, DEFAULT_DEPENDENCE_POINTS, type DependenceOptions } from './dependence';
export { suggestInteraction, type InteractionOptions } from './interaction';
export { importanceBySector, type SectorImportanceOptions } from './sectorImportance';
export { featureMessages } from './messages';
