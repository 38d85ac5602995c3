/**
 * The extension's ids. In Chromium the id of an unpacked or self-hosted install comes
 * from the public `key` in manifest.json (test/extension/manifest.test.ts derives it and
 * checks this value); a store listing gets its own id, which admins pass to
 * `npm run policy-templates -- --chrome-id <id>`. Firefox uses the gecko id.
 */
export const CHROME_EXTENSION_ID = 'fckdeijplcdjmbgailcaahhmfjplgknh';
export const FIREFOX_EXTENSION_ID = 'second-opinion@second-opinion.invalid';
