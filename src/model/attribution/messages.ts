/** The attribution grouping's user-facing messages: what was wrong and the fix. */
export const attributionMessages = {
  noKeys: () => `Say what to group by, e.g. --by date,sector (keys: date, stock, sector, industry, country, region, factor, feature).`,
  unknownKey: (key: string) => `'${key}' is not a grouping key; use date, stock, sector, industry, country, region, factor or feature.`,
  repeatedKey: (key: string) => `'${key}' is given twice in the grouping keys; give each key once.`,
  unknownWeight: (weight: string) => `'${weight}' is not a weighting; use portfolio, active, benchmark or equal.`,
  noBenchmark: (weight: string) => `The run has no benchmark weights, so ${weight} attribution is not available: add a 'benchmark_weight' column to the weights, or use --weight portfolio or equal.`,
  unknownDate: (date: string, first: string, last: string) => `The run has no date ${date}; it has ${first} to ${last} (or use --date all).`,
  noIndustry: () => `The run has no industry classification (the panel carries sector, country and region only): every stock is grouped as industry 'Unknown'.`,
};
