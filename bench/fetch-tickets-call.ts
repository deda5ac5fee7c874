/**
 * The fetch_tickets call the speed and memory measures make (the last 30 days, 10 tickets), and
 * the API request it makes, which the measures also send straight to the sandbox: threads come
 * along so that each ticket line can show its last message.
 */
export function fetchTicketsCall(): { args: { startDate: string; endDate: string; limit: number }; apiPath: string } {
  const endDate = new Date().toISOString();
  const startDate = new Date(Date.parse(endDate) - 30 * 86_400_000).toISOString();
  const query = new URLSearchParams({ startDate, endDate, limit: '10', skip: '0', includeMessages: 'true' });
  return { args: { startDate, endDate, limit: 10 }, apiPath: `/api/tickets?${query}` };
}
