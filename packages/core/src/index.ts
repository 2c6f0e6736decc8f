/**
 * `@tickwire/core`: the broker-neutral heart of tickwire.
 *
 * @packageDocumentation
 */
export * from './book/index';
export * from './bridge/index';
export * from './connector/index';
export * from './domain/index';
export * from './errors/index';
export * from './feed/index';
export * from './ingest/index';
export * from './net/index';
export * from './oms/index';
export * from './ring/index';
export * from './risk/index';
export * from './runtime/index';
export * from './store/index';
export * from './strategy/index';
export * from './threads/index';
export * from './tick/index';
