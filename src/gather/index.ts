// The gather stage: one fetched HTML page → plain, serialisable facts (no judgement).
export type * from './types.ts';
export type * from './city-facts.ts';
export { gatherPage, gatherFromDom } from './gather.ts';
export { findDates, parseDateText } from './dates.ts';
export { classifyUrl, documentTypeOf, isHiddenStyle } from './links.ts';
export { yearIn } from './documents.ts';
