// Tests drive Debian's Chromium; never download a browser of puppeteer's own.
module.exports = { skipDownload: true };
