import messages from './messages/vi.json';

/**
 * Vietnamese, the default language; its shape is the key set every language must fill. The texts live in
 * `messages/*.json` (translators edit those); these modules give them their types.
 */
export const vi = messages;

/** The message tree every language provides. */
export type Messages = typeof vi;
