/** User-facing messages of the Features tab (to merge into `model/messages.ts`). */
export const featureMessages = {
  unknownFeature: (feature: string, example: string | undefined) =>
    `The run has no feature '${feature}'${example ? `; it has e.g. '${example}'` : ''}. Pick a feature from the run's feature list.`,
  noFeatureValues: (feature: string) =>
    `The run gives no raw values for feature '${feature}': add a '${feature}_value' column (wide) or a feature_value column (long) to plot its dependence.`,
};
