// The tablet's own words (i18n/<lang>.json) in every language and its pictograms
// (pictograms/<name>.svg): the server fills them in when it joins kiosk.js, so they arrive
// with the script, and a visitor who picks Arabic offline still gets Arabic.

export const TEXTS = "__KIOSK_TEXTS__";
export const PICTOGRAMS = "__KIOSK_PICTOGRAMS__";
