/** `wechat-rx/testing`: the Web WeChat simulator and test helpers. */
export * from './simulator/index.js';
export {
  createTestClient,
  type FailedRecord,
  type Sent,
  type SentRecord,
  type TestClient,
  type TestClientOptions,
  type TestClientSurface,
} from './test-client.js';
export * from './builders.js';
export {
  startDeviceSimulator,
  type DeviceSimulator,
  type DeviceSimulatorOptions,
  type DeviceChatSpec,
  type DeviceFaults,
  type TaskOutcome,
} from './device-simulator/index.js';
