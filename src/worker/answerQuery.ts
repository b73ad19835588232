import type { AttributionEngine } from '../model/engine/engine';
import type { Query, QueryResults } from '../protocol';

/**
 * The dates whose contribution cells a query reads: its date for the views of one date that
 * show features or stocks (a run read by date holds them while the query is answered).
 */
export function cellDates(query: Query): string[] {
  switch (query.kind) {
    case 'stocks':
    case 'stock':
    case 'features':
    case 'dependence':
    case 'featureStats':
    case 'explain':
      return [query.date];
    default:
      return [];
  }
}

/** answerQuery once what the query reads of a run read by date is held. */
export async function answerHeldQuery(engine: AttributionEngine, query: Query): Promise<QueryResults[Query['kind']]> {
  if (query.kind === 'stability') await engine.prepareStability();
  const release = await engine.holdDates(cellDates(query));
  try {
    return answerQuery(engine, query);
  } finally {
    release();
  }
}

/** Routes one view query to the engine. */
export function answerQuery(engine: AttributionEngine, query: Query): QueryResults[Query['kind']] {
  switch (query.kind) {
    case 'overview':
      return engine.overview(query.date, query.filters);
    case 'factors':
      return engine.factors(query.date, query.filters);
    case 'stocks':
      return engine.stocks(query.date, query.filters);
    case 'stock':
      return engine.stock(query.date, query.stock, query.filters);
    case 'features':
      return engine.features(query.date, query.filters, query.feature, query.colorBy);
    case 'dependence':
      return engine.dependence(query.date, query.filters, query.feature, query.colorBy);
    case 'portfolio':
      return engine.portfolio(query.date, query.filters);
    case 'compare':
      return engine.compare(query.date, query.filters, query.against, query.stock);
    case 'performance':
      return engine.performance();
    case 'featureStats':
      return engine.featureStats(query.date, query.filters, query.feature);
    case 'problems':
      return engine.problems();
    case 'signals':
      return engine.signals();
    case 'stability':
      return engine.stability();
    case 'explain':
      return engine.explain(query.date, query.stock);
    case 'transferCoefficient':
      return engine.transferCoefficient();
  }
}
