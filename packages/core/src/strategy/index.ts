export { createExampleStrategy, type ExampleStrategyOptions } from './example-strategy';
export { defineStrategy, type Strategy, type StrategyContext, type StrategyFactory } from './strategy';
