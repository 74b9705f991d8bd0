/** A count as people read it next to others: 1,134,481, not 1134481. */
export const count = (n: number): string => n.toLocaleString("en-US");
