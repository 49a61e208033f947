/** How ticketflow names a person in texts: "First Last", else their username. */
export function personName(user: { firstName?: string | null; lastName?: string | null; username: string }): string {
  return `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim() || user.username;
}
