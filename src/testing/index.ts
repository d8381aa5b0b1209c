/**
 * Testing a bot without an account: the protocol-faithful Web WeChat simulator, a fake client for marble tests,
 * message builders, the device-protocol simulator, and contract suites for your own transports and session stores.
 *
 * Each `export` below is one group, and its `@category` is the group's heading in the API documentation.
 *
 * @module wechat-rx/testing
 */

/**
 * Simulator: a Web WeChat server on 127.0.0.1 that a real client logs in to, with a phone to scan, messages to
 * inject, scripted faults and the outbox of what the bot sent.
 * @category Simulator
 */
export {
  ControlError,
  FAULT_KINDS,
  INJECT_KINDS,
  ManualClock,
  realClock,
  startSimulator,
  type Clock,
  type ContactRef,
  type ContactResult,
  type FaultKind,
  type FaultSpec,
  type GroupMemberChange,
  type InjectKind,
  type InjectResult,
  type InjectSpec,
  type KickOptions,
  type OutboxEntry,
  type Phone,
  type PhoneTarget,
  type RefuseOptions,
  type ScanOptions,
  type SessionInfo,
  type Simulator,
  type SimulatorOptions,
  type Stats,
  type Target,
  type WorldSizes,
} from './simulator/index.js';

/**
 * iLink simulator: an iLink (WeChat ClawBot) server on 127.0.0.1 for `wechat-rx/ilink` clients, with the phone's side
 * of the QR login, messages to inject, the outbox, an encrypted CDN, scripted faults and a header conformance log.
 * @category iLink simulator
 */
export {
  ILINK_ENDPOINTS,
  ILINK_INJECT_KINDS,
  ILINK_QR_STATUSES,
  startIlinkSimulator,
  type ContextTokenCheck,
  type ContextTokenVerdict,
  type DeadTokenAnswer,
  type IlinkBotCredentials,
  type IlinkBotInfo,
  type IlinkEndpoint,
  type IlinkFaultSpec,
  type IlinkInjected,
  type IlinkInjectedMedia,
  type IlinkInjectKind,
  type IlinkInjectSpec,
  type IlinkListener,
  type IlinkMediaInfo,
  type IlinkQrStatus,
  type IlinkQrTarget,
  type IlinkRequestKind,
  type IlinkRequestRecord,
  type IlinkScanOptions,
  type IlinkSentMessage,
  type IlinkSimulator,
  type IlinkSimulatorOptions,
  type IlinkStats,
  type IlinkTypingRecord,
  type IlinkUinCheck,
  type SentMediaCheck,
} from './ilink-simulator/index.js';

/**
 * Simulated world: the people, groups and accounts of a simulated account, with stable ids.
 * @category Simulated world
 */
export type {
  Entity,
  NewGroup,
  NewPerson,
  OfficialAccount,
  Person,
  PersonPatch,
  SelfProfile,
  Sex,
  SpecialAccount,
  World,
  WorldContact,
  WorldGroup,
  WorldGroupMember,
} from './simulator/index.js';

/**
 * Test client: a fake client for marble tests, fed by hand and recording every send with its virtual time.
 * @category Test client
 */
export {
  createTestClient,
  type FailedRecord,
  type Sent,
  type SentRecord,
  type TestClient,
  type TestClientOptions,
  type TestClientSurface,
} from './test-client.js';

/**
 * Message builders: complete decoded messages of every kind, for the test client and for unit tests of operators.
 * @category Message builders
 */
export {
  app,
  card,
  chatHistory,
  emoticon,
  file,
  friendRequest,
  image,
  link,
  location,
  miniProgram,
  music,
  possibleFriend,
  quote,
  realtimeLocation,
  recall,
  redPacket,
  statusNotify,
  sysNotice,
  system,
  testIds,
  testSelfName,
  text,
  transfer,
  unknown,
  video,
  voice,
  voip,
  type BuildOptions,
  type MessageOptions,
} from './builders.js';

/**
 * Device simulator: a work-phone device server on 127.0.0.1 for `wechat-rx/device` clients.
 * @category Device simulator
 */
export {
  startDeviceSimulator,
  type DeviceChatSpec,
  type DeviceContact,
  type DeviceContacts,
  type DeviceFaults,
  type DeviceSimulator,
  type DeviceSimulatorOptions,
  type TaskOutcome,
} from './device-simulator/index.js';

/**
 * Contract suites: the tests a transport or a session store must pass, for the ones you write yourself. They take
 * your runner's `describe`/`it`/`beforeEach`/`afterEach` and need no test framework of their own.
 * @category Contract suites
 */
export { describeTransportContract } from './contracts/transport-contract.js';
/** @category Contract suites */
export type { TransportFactory } from './contracts/transport-suite.js';
/** @category Contract suites */
export { describeSessionStoreContract, type SessionStoreContractOptions } from './contracts/session-store-contract.js';
/** @category Contract suites */
export type { ContractRunner } from './contracts/runner.js';
