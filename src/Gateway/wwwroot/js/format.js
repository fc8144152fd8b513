// Money in minor units, shown in the reader's locale.
export function formatPrice(ticket) {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: ticket.currency }).resolvedOptions().maximumFractionDigits;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: ticket.currency }).format(ticket.price / 10 ** digits);
}
