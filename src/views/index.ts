/**
 * The views layer: pure Vega-Lite spec builders, one per chart, themed by a ChartTheme,
 * with data inlined. Used by the webview and the static report; nothing here imports
 * `vscode` or Node built-ins.
 */
export type { ChartTheme, ThemeKind } from './theme';
export { chartConfig, DARK_THEME, HIGH_CONTRAST_THEME, LIGHT_THEME } from './config';
export { chartMeta, type ChartMeta } from './chartSpec';
export {
  ACTIVE_WEIGHT_FORMAT,
  CONTRIBUTION_AXIS_FORMAT,
  CONTRIBUTION_FORMAT,
  SCORE_FORMAT,
  WEIGHT_AXIS_FORMAT,
  WEIGHT_FORMAT,
} from './format';
export {
  FACTOR_EXPOSURE_CHART,
  factorExposureChart,
  type ExposureMeasure,
  type FactorExposureDatum,
  type FactorExposureOptions,
} from './factorExposure';
export {
  groupWeightsChartName,
  sectorWeightsChart,
  type GroupWeightDatum,
  type SectorWeightsOptions,
} from './sectorWeights';
export {
  FACTOR_HISTORY_CHART,
  factorHistoryChart,
  type FactorHistoryDatum,
  type FactorHistoryOptions,
} from './factorHistory';
export {
  factorHeatmap,
  factorHeatmapName,
  type FactorHeatmapDatum,
  type FactorHeatmapOptions,
} from './factorHeatmap';
export {
  BASE_LABEL,
  DEFAULT_WATERFALL_BARS,
  DEFAULT_WATERFALL_TOLERANCE,
  RESIDUAL_LABEL,
  SCORE_LABEL,
  waterfallSteps,
  type WaterfallStep,
  type WaterfallStepKind,
} from './waterfallSteps';
export { WATERFALL_CHART, waterfallChart, type WaterfallDatum, type WaterfallOptions } from './waterfall';
export {
  STOCK_HISTORY_CHART,
  stockHistoryChart,
  type StockHistoryOptions,
  type StockScoreDatum,
  type StockWeightDatum,
} from './stockHistory';
export {
  countMarks,
  countSceneMarks,
  headlessView,
  renderSvg,
  sceneMarkCountsByType,
  type MarkTypeCounts,
  type RenderOptions,
} from './render';
export { BEESWARM_CHART, BEESWARM_SCALES, BEESWARM_TOOLTIP, DEFAULT_CANVAS_THRESHOLD, beeswarmChart, beeswarmLayout, beeswarmOffsets, type BeeswarmChartOptions, type BeeswarmLayout, type BeeswarmMeta, type PointStyle, type RendererMeta } from './beeswarm';
export { DEPENDENCE_CHART, dependenceChart, type DependenceChartOptions, type DependenceDatum } from './dependence';
export { FACTOR_IMPORTANCE_CHART, FEATURE_IMPORTANCE_CHART, factorImportanceChart, featureImportanceChart, type ImportanceChartOptions, type ImportanceDatum, type ImportanceMeasure } from './featureImportance';
export { IMPORTANCE_BY_SECTOR_CHART, importanceBySectorChart, type ImportanceBySectorOptions, type SectorImportanceDatum, type SectorImportanceMeasure } from './importanceBySector';
export { featureValueRange } from './featureValueScale';
export { activeWeightLimitsChart, activeWeightLimitsChartName, type ActiveLimitDatum, type ActiveWeightLimitsOptions } from './activeWeightLimits';
export { WEIGHT_VS_SCORE_CHART, weightVsScoreChart, type WeightScoreDatum, type WeightVsScoreOptions } from './weightVsScore';
export { LARGEST_POSITIONS_CHART, largestPositionsChart, type LargestPosition, type LargestPositionDatum, type LargestPositionsOptions } from './largestPositions';
export { TURNOVER_CHART, turnoverChart, type TurnoverDatum, type TurnoverOptions, type TurnoverPoint } from './turnover';
export { GUARDRAIL_TIMELINE_CHART, guardrailTimeline, type GuardrailCellDatum, type GuardrailCellStatus, type GuardrailTimelineOptions } from './guardrailTimeline';
export { EXPOSURE_CHANGE_CHART, FROM_SIGNALS_LABEL, FROM_WEIGHTS_LABEL, exposureChangeChart, type ExposureChangeDatum } from './exposureChange';
export { DEFAULT_WEIGHT_CHANGES, WEIGHT_CHANGES_CHART, weightChangesChart, type WeightChangeDatum, type WeightChangesOptions } from './weightChanges';
export { FACTOR_DELTA_CHART, factorDeltaChart, type FactorDeltaDatum, type FactorDeltaOptions } from './factorDelta';
export { CUMULATIVE_RETURN_CHART, cumulativeReturnChart, type CumulativeReturnDatum } from './cumulativeReturn';
export { DRAWDOWN_CHART, drawdownChart, type DrawdownDatum } from './drawdown';
export { DEFAULT_IC_WINDOW, RANK_IC_CHART, icChart, type IcChartOptions, type IcDatum } from './informationCoefficient';
export { IC_SUMMARY_CHART, icSummaryChart, type IcSummaryDatum } from './icSummary';
export { QUANTILE_RETURNS_CHART, quantileChart, type QuantileDatum } from './quantileReturns';
export { BRINSON_CHART, brinsonChart, type BrinsonChartOptions, type BrinsonSectorDatum } from './brinson';
export { BRINSON_HISTORY_CHART, brinsonHistoryChart, type BrinsonHistoryOptions, type BrinsonTermDatum } from './brinsonHistory';
export type { PeriodFields } from './periodAxis';
export { STABILITY_CHART, stabilityChart, type StabilityChartOptions, type StabilityDatum } from './attributionStability';
export { IC_DECAY_CHART, icDecayChart, type IcDecayDatum, type IcDecayOptions } from './icDecay';
export { TRANSFER_COEFFICIENT_CHART, transferCoefficientChart, type TransferCoefficientDatum, type TransferCoefficientOptions } from './transferCoefficient';
