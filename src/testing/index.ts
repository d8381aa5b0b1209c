/** `wechat-rx/testing`: the Web WeChat simulator and test helpers. */
export * from './simulator/index.js';
