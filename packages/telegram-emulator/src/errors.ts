import type { ResponseParameters } from 'grammy/types';

/** The failure half of a Bot API answer, exactly as Telegram serialises it. */
export interface ApiErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

/**
 * A Bot API error raised by a method handler. The dispatcher turns it into
 * `{ ok:false, error_code, description, parameters? }` with the same HTTP status.
 */
export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { ok: false, error_code: this.errorCode, description: this.description };
    if (this.parameters) body.parameters = { ...this.parameters };
    return body;
  }
}

const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

/**
 * The error descriptions the real Bot API answers with. Where Telegram's wording could not be
 * confirmed it is marked "(unverified)" so callers don't build string matching on it.
 */
export const errors = {
  badRequest,
  unauthorized: () => new ApiError(401, 'Unauthorized'),
  methodNotFound: () => new ApiError(404, 'Not Found: method not found'),
  notFound: () => new ApiError(404, 'Not Found'),

  // Parameters
  chatIdEmpty: () => badRequest('chat_id is empty'),
  parameterRequired: (name: string) => badRequest(`parameter "${name}" is required`),
  invalidParameter: (name: string) => badRequest(`invalid ${name} specified`), // (unverified)
  cantParseJson: (name: string) =>
    name === 'reply_markup'
      ? badRequest("can't parse reply keyboard markup JSON object")
      : badRequest(`can't parse ${name} JSON object`),
  messageIdNotSpecified: () => badRequest('message identifier is not specified'),

  // Chats and rights
  chatNotFound: () => badRequest('chat not found'),
  userNotFound: () => badRequest('user not found'),
  botBlocked: () => new ApiError(403, 'Forbidden: bot was blocked by the user'),
  cantInitiateConversation: () => new ApiError(403, "Forbidden: bot can't initiate conversation with a user"),
  botKicked: (type: 'group' | 'supergroup') =>
    new ApiError(
      403,
      type === 'group'
        ? 'Forbidden: bot was kicked from the group chat'
        : 'Forbidden: bot was kicked from the supergroup chat',
    ),
  botNotMember: () => new ApiError(403, 'Forbidden: bot is not a member of the supergroup chat'),

  // Text and formatting
  textEmpty: () => badRequest('message text is empty'),
  textTooLong: () => badRequest('message is too long'),
  editedTextTooLong: () => badRequest('MESSAGE_TOO_LONG'),
  captionTooLong: () => badRequest('message caption is too long'),
  cantParseEntities: (detail: string) => badRequest(`can't parse entities: ${detail}`),
  unsupportedParseMode: (mode: string) => badRequest(`unsupported parse_mode "${mode}"`), // (unverified)

  // Keyboards
  buttonDataInvalid: () => badRequest('BUTTON_DATA_INVALID'),
  buttonUrlInvalid: () => badRequest('BUTTON_URL_INVALID'),
  buttonTypeInvalid: () => badRequest('BUTTON_TYPE_INVALID'),
  webAppUrlInvalid: (url: string) =>
    badRequest(`inline keyboard button Web App URL '${url}' is invalid: Only HTTPS links are allowed`),
  textButtonsUnallowed: () =>
    badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
  inlineButtonField: (field: string, type: string) =>
    badRequest(`can't parse inline keyboard button: Field "${field}" must be of type ${type}`),
  cantParseReplyMarkup: () => badRequest("can't parse reply keyboard markup JSON object"),

  // Messages
  messageToEditNotFound: () => badRequest('message to edit not found'),
  messageToDeleteNotFound: () => badRequest('message to delete not found'),
  messageToCopyNotFound: () => badRequest('message to copy not found'),
  messageToForwardNotFound: () => badRequest('message to forward not found'),
  replyNotFound: () => badRequest('message to be replied not found'),
  messageCantBeEdited: () => badRequest("message can't be edited"),
  messageCantBeDeleted: () => badRequest("message can't be deleted"),
  messageCantBeCopied: () => badRequest("message can't be copied"),
  messageCantBeForwarded: () => badRequest("message can't be forwarded"),
  noTextToEdit: () => badRequest('there is no text in the message to edit'),
  noCaptionToEdit: () => badRequest('there is no caption in the message to edit'),
  noMediaToEdit: () => badRequest('there is no media in the message to edit'), // (unverified)
  notModified: () =>
    badRequest(
      'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    ),
  messageIdsNotIncreasing: () => badRequest('message identifiers must be in a strictly increasing order'), // (unverified)
  tooManyMessageIds: () => badRequest('too many message identifiers specified'), // (unverified)
  noMessagesToCopy: () => badRequest('there are no messages to copy'), // (unverified)
  noMessagesToForward: () => badRequest('there are no messages to forward'), // (unverified)
  albumTooBig: () => badRequest('Too much messages to send as an album'),
  albumTooSmall: () => badRequest('media group must contain at least 2 items'), // (unverified)
  albumMixedTypes: () => badRequest("Can't use the media of the specified type in the album"),
  wrongFileId: () => badRequest('wrong file identifier/HTTP URL specified'),
  invalidFileId: () => badRequest('invalid file_id'),
  wrongChatAction: () => badRequest('wrong parameter action in request'),

  // Topics
  threadNotFound: () => badRequest('message thread not found'),
  topicClosed: () => badRequest('TOPIC_CLOSED'),
  topicNotModified: () => badRequest('TOPIC_NOT_MODIFIED'),
  topicIdInvalid: () => badRequest('TOPIC_ID_INVALID'),
  topicNameInvalid: () => badRequest('TOPIC_NAME_INVALID'),
  iconColorInvalid: () => badRequest('ICON_COLOR_INVALID'), // (unverified)
  notAForum: () => badRequest('the chat is not a forum'),
  notEnoughRightsTopics: () => badRequest('not enough rights to create a topic'), // (unverified)

  // Callback queries
  queryTooOld: () => badRequest('query is too old and response timeout expired or query ID is invalid'),
  answerTooLong: () => badRequest('MESSAGE_TOO_LONG'),

  // Webhooks, updates, commands
  webhookSecretInvalid: () => badRequest('secret token contains unallowed characters'), // (unverified)
  webhookUrlInvalid: () => badRequest('bad webhook: invalid URL'), // (unverified)
  webhookActive: () =>
    new ApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ),
  terminatedByOtherGetUpdates: () =>
    new ApiError(
      409,
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    ),
  botCommandInvalid: () => badRequest('BOT_COMMAND_INVALID'),
  botCommandDescriptionInvalid: () => badRequest('BOT_COMMAND_DESCRIPTION_INVALID'), // (unverified)
  tooManyCommands: () => badRequest('BOT_COMMANDS_TOO_MUCH'),

  // Transport-ish failures
  tooManyRequests: (retryAfter: number) =>
    new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }),
  internalServerError: () => new ApiError(500, 'Internal Server Error'),
  badGateway: () => new ApiError(502, 'Bad Gateway'),
} as const;
