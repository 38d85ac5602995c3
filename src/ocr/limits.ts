/** Larger files are not read: a phone photo is a few megabytes, and reading more would hold the machine up. */
export const MAX_IMAGE_BYTES = 40 * 1024 * 1024;
