/**
 * Test helpers for the sim connector: the fake-broker handle the test kit drives.
 *
 * @packageDocumentation
 */
export { SIM_FAKE_BROKER_SYMBOLS, SimFakeBroker } from './sim-fake-broker';
