export type { TickDraft, TickWriter } from './tick-writer';
