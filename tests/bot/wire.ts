/** JSON as it arrives from the wire (activities, cards): tests walk it freely and assert on shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;
