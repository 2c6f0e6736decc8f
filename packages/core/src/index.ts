/**
 * `@tickwire/core`: the broker-neutral heart of tickwire.
 *
 * @packageDocumentation
 */
export * from './domain/index';
export * from './ring/index';
export * from './threads/index';
export * from './tick/index';
