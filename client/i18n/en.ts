import messages from './messages/en.json';
import type { Messages } from './vi';

/** English (a key missing from `messages/en.json` is a type error). */
export const en: Messages = messages;
