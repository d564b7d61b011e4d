package org.recprompt.dataset.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.recprompt.dataset.Dataset;
import org.recprompt.dataset.DuplicatePolicy;

/**
 * Last.fm HetRec 2011 (hetrec2011-lastfm-2k) as published: tab-separated files with a header.
 * {@code user_artists.dat} ({@code userID artistID weight}) holds the interactions: the weight,
 * how many times the user listened to the artist, is the interaction's rating (implicit feedback,
 * a count rather than a score; {@code --implicit N} keeps pairs listened to N times or more).
 * {@code artists.dat} ({@code id name url pictureURL}) gives the title, {@code lastfm_url} and
 * {@code image_url}. When {@code user_taggedartists-timestamps.dat} ({@code userID artistID tagID
 * timestamp}, milliseconds) is present, an interaction's time is the first time the user tagged
 * that artist and the pairs never tagged have none; with {@code tags.dat} ({@code tagID
 * tagValue}, Latin-1 in the published file) each artist's most used tags become its {@code tags}
 * attribute. {@code user_friends.dat} is not read.
 */
final class LastFmReader {

    static final String INTERACTIONS = "user_artists.dat";
    static final String ARTISTS = "artists.dat";
    static final String TAG_TIMES = "user_taggedartists-timestamps.dat";
    static final String TAGS = "tags.dat";
    static final String WEIGHT_NOTE = "The rating is the listening count (user_artists.dat's weight): implicit feedback,"
            + " a count and not a score.";
    private static final int TAGS_KEPT = 10;

    private LastFmReader() {
    }

    static Dataset read(Path dir, String name, DuplicatePolicy policy) {
        DatasetBuilder b = new DatasetBuilder(policy);
        Path artists = dir.resolve(ARTISTS);
        if (!Files.isRegularFile(artists)) {
            throw new DatasetFormatException(dir, "has no " + ARTISTS + " (the artists' names are in it)");
        }
        TextFiles.eachLine(artists, true, (n, line) -> {
            if (n == 1) {
                requireHeader(artists, n, line, "id", "name");
                return;
            }
            String[] f = TextFiles.splitAll(line, "\t");
            if (f.length == 3) {
                f = new String[] {f[0], f[1], f[2], ""};
            } else if (f.length != 4) {
                throw new DatasetFormatException(artists, n, "expected 4 tab-separated fields (id name url pictureURL)"
                        + " but found " + f.length, line);
            }
            int item = b.addItem(artists, n, f[0].strip(), f[1].strip(), 0, List.of());
            if (!f[2].isBlank()) {
                b.itemAttribute(item, "lastfm_url", f[2].strip());
            }
            if (!f[3].isBlank()) {
                b.itemAttribute(item, "image_url", f[3].strip());
            }
        });
        List<String> notes = new ArrayList<>();
        notes.add(WEIGHT_NOTE);
        Map<Long, Long> firstTagged = tagTimes(b, dir, notes);
        Path ratings = dir.resolve(INTERACTIONS);
        long[] untimed = {0};
        TextFiles.streamLines(ratings, (n, line) -> {
            if (n == 1) {
                requireHeader(ratings, n, line, "userID", "artistID", "weight");
                return;
            }
            String[] f = fields(ratings, n, line, 3);
            Long millis = firstTagged == null ? null : firstTagged.get(key(ratings, n, f[0], f[1]));
            if (millis == null) {
                untimed[0]++;
            }
            b.addInteraction(ratings, n, f[0].strip(), f[1].strip(), DatasetBuilder.parseRating(ratings, n, f[2]),
                    millis == null ? 0 : Math.floorDiv(millis, 1000));
        });
        if (firstTagged == null) {
            notes.add("user_artists.dat has no time and " + TAG_TIMES + " is missing: the interactions have no timestamps.");
        } else {
            notes.add(String.format(Locale.ROOT, "user_artists.dat has no time: an interaction's time is the first time"
                    + " the user tagged the artist (%s); %,d of the %,d interactions were never tagged and have none"
                    + " (time 0), so time order puts them first.", TAG_TIMES, untimed[0], b.interactionCount()));
        }
        return b.build(name, DatasetFormat.LASTFM_HETREC.id(), ratings).withNotes(notes);
    }

    /**
     * The first tag time (ms) of each (user, artist) pair, and each artist's top tags as an
     * attribute when tags.dat names them; null without the timestamps file.
     */
    private static Map<Long, Long> tagTimes(DatasetBuilder b, Path dir, List<String> notes) {
        Path file = dir.resolve(TAG_TIMES);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, String> names = new HashMap<>();
        Path tags = dir.resolve(TAGS);
        if (Files.isRegularFile(tags)) {
            TextFiles.eachLine(tags, true, (n, line) -> {
                if (n == 1) {
                    requireHeader(tags, n, line, "tagID", "tagValue");
                    return;
                }
                String[] f = fields(tags, n, line, 2);
                names.put(f[0].strip(), f[1].strip());
            });
        }
        TopCounts top = new TopCounts(b.itemCount(), TAGS_KEPT);
        Map<Long, Long> first = new HashMap<>();
        long[] unknownArtists = {0};
        TextFiles.streamLines(file, (n, line) -> {
            if (n == 1) {
                requireHeader(file, n, line, "userID", "artistID", "tagID", "timestamp");
                return;
            }
            String[] f = fields(file, n, line, 4);
            long millis;
            try {
                millis = Long.parseLong(f[3].strip());
            } catch (NumberFormatException e) {
                throw new DatasetFormatException(file, n, "the timestamp is not a whole number of milliseconds", null);
            }
            first.merge(key(file, n, f[0], f[1]), millis, Math::min);
            int artist = b.itemIndex(f[1].strip());
            if (artist < 0) {
                unknownArtists[0]++;
            } else if (!names.isEmpty()) {
                String tag = names.get(f[2].strip());
                if (tag == null) {
                    throw new DatasetFormatException(file, n, "tagID " + f[2].strip() + " is not in " + TAGS, null);
                }
                top.add(artist, tag.toLowerCase(Locale.ROOT), 1);
            }
        });
        if (!names.isEmpty()) {
            for (int item = 0; item < b.itemCount(); item++) {
                List<String> kept = top.top(item);
                if (!kept.isEmpty()) {
                    b.itemAttribute(item, "tags", String.join(", ", kept));
                }
            }
            notes.add("Each artist's " + TAGS_KEPT + " most used tags (" + TAG_TIMES + ") are its tags attribute.");
        }
        if (unknownArtists[0] > 0) {
            notes.add(String.format(Locale.ROOT, "Tag assignments naming an artist that is not in %s (they give no tags): %,d.",
                    ARTISTS, unknownArtists[0]));
        }
        return first;
    }

    /** A (user, artist) pair as one number; both ids are whole numbers in the published files. */
    private static long key(Path file, long line, String user, String artist) {
        try {
            return (Long.parseLong(user.strip()) << 32) ^ Long.parseLong(artist.strip());
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, "userID and artistID must be whole numbers", null);
        }
    }

    private static String[] fields(Path file, long line, String text, int expected) {
        return TextFiles.split(file, line, text, "\t", expected);
    }

    private static void requireHeader(Path file, long line, String text, String... columns) {
        String[] f = TextFiles.splitAll(text.replace("\uFEFF", ""), "\t");
        for (int k = 0; k < columns.length; k++) {
            if (k >= f.length || !f[k].strip().equalsIgnoreCase(columns[k])) {
                throw new DatasetFormatException(file, line, "expected the tab-separated header "
                        + String.join(" ", columns) + " (the publisher's layout)", null);
            }
        }
    }
}
