/** Every platform whose archive can be audited, in the order they are tried. */
import type { ArchiveReader } from '../types';
import { blueskyReader } from './bluesky';
import { linkedinReader } from './linkedin';
import { mastodonReader } from './mastodon';
import { facebookReader } from './facebook';
import { instagramReader } from './instagram';
import { redditReader } from './reddit';
import { xReader } from './x';

export const ARCHIVE_READERS: readonly ArchiveReader[] = [xReader, facebookReader, instagramReader, linkedinReader, redditReader, mastodonReader, blueskyReader];
