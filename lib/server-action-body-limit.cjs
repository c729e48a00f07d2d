// @ts-check
/**
 * The largest server action request body, in bytes (Next's default is 1 MB).
 * Every form's own limits fit far below it (a comment is at most 5,000
 * characters, 20 kB of UTF-8; the word lists 20,000 characters each). It is
 * this large for what a browser without JavaScript sends: a textarea's whole
 * text, however long. Up to this size the action runs and answers with the
 * field's message and the text kept; a pasted megabyte gets that answer.
 * server/main.ts answers a larger body 413 before Next.js reads it.
 *
 * CommonJS, in one place, because next.config.js (which Next.js loads) and
 * server/main.ts (compiled by esbuild) both need it.
 */
module.exports = { serverActionBodyLimit: 2 * 1024 * 1024 };
