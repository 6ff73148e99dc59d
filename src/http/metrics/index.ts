export { BoundedLabels, NONE, OTHER } from "./labels.js";
export type { LabelBounds } from "./labels.js";
export { createInstruments } from "./instruments.js";
export type { Instruments } from "./instruments.js";
export { MetricsObserver } from "./observer.js";
export { outcomeOf } from "./outcome.js";
export type { Outcome } from "./outcome.js";
export { startExposition } from "./exposition.js";
export type { Exposition, Scrapable } from "./exposition.js";
