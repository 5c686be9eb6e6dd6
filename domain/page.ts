/** The API's one list envelope: a page of items and where it sits in the whole list. */
export interface Page<T> {
  items: T[];
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** A list that is never paged (labs, models, users, …) as the one page that holds all of it. */
export function onePage<T>(items: T[]): Page<T> {
  return { items, total: items.length, page: 1, pageSize: items.length };
}
