/** Events recorded in the store's outbox and delivered, signed, to the webhooks registered through the HTTP API. */
export { EVENT_TYPES, isEventType, needsAttentionEvent, publicationEvents, type EventType } from './events.js';
export type { ArtifactPublishedData, NeedsAttentionData, RunCompletedData } from './events.js';
export { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader, verifySignature } from './signature.js';
export { DEFAULT_RETRY, deliveryBody, nextAttemptAt, WebhookDispatcher, type DeliveryRetry, type DispatcherOptions } from './dispatcher.js';
