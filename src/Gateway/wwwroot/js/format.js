// Money in minor units (cents for USD), as the API counts it.
export function currencyDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}

export function formatPrice(ticket) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: ticket.currency }).format(ticket.price / 10 ** currencyDigits(ticket.currency));
}
