/** ISO 8601 in Vietnam time with its offset: 2025-06-01T09:30:15+07:00 (Nghị định 30/2020, Phụ lục I). */
export function isoVietnam(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3600_000).toISOString().replace(/\.\d{3}Z$/u, '')}+07:00`;
}
