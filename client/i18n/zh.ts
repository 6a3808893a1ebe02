import messages from './messages/zh.json';
import type { Messages } from './vi';

/** Chinese, simplified (a key missing from `messages/zh.json` is a type error). */
export const zh: Messages = messages;
