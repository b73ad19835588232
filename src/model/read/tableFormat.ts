/** The formats a table file can have (decided from its name and first bytes in sniff.ts). */
export type TableFormat = 'csv' | 'parquet' | 'arrow' | 'json';
