/**
 * A region for a country, for runs whose files carry countries but no region. MSCI-style
 * regions; a country not listed falls in 'Other' (and the region filter still works).
 */
/** A Map: a country called 'constructor' must fall in 'Other', not in Object.prototype. */
const REGION_OF = new Map<string, string>();
const REGIONS: Record<string, string[]> = {
  'North America': ['United States', 'USA', 'US', 'Canada', 'CA', 'Bermuda', 'Puerto Rico'],
  'Latin America': ['Brazil', 'Mexico', 'Chile', 'Colombia', 'Peru', 'Argentina', 'Panama', 'Cayman Islands', 'Bahamas'],
  Europe: [
    'United Kingdom', 'UK', 'GB', 'Ireland', 'Germany', 'France', 'Netherlands', 'Switzerland', 'Sweden', 'Norway', 'Denmark',
    'Finland', 'Italy', 'Spain', 'Portugal', 'Belgium', 'Austria', 'Luxembourg', 'Poland', 'Greece', 'Czech Republic',
    'Hungary', 'Jersey', 'Guernsey', 'Isle of Man', 'Monaco', 'Cyprus', 'Malta', 'Iceland',
  ],
  'Asia Pacific': [
    'Japan', 'JP', 'Australia', 'New Zealand', 'Hong Kong', 'Singapore', 'China', 'Taiwan', 'Korea (South)', 'South Korea',
    'Korea', 'India', 'Indonesia', 'Malaysia', 'Thailand', 'Philippines', 'Vietnam', 'Macau',
  ],
  'Middle East & Africa': ['Israel', 'South Africa', 'United Arab Emirates', 'Saudi Arabia', 'Qatar', 'Kuwait', 'Egypt', 'Turkey', 'Nigeria', 'Kenya'],
};
for (const [region, countries] of Object.entries(REGIONS)) for (const c of countries) REGION_OF.set(c.toLowerCase(), region);

export function regionOf(country: string): string {
  return REGION_OF.get(country.trim().toLowerCase()) ?? 'Other';
}
