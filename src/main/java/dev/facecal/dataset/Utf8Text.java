package dev.facecal.dataset;

import dev.facecal.FacecalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Text files facecal reads (pair tables, pair lists) are UTF-8. A file in another encoding (Latin-1 or Windows-1252
 * from a spreadsheet, most often) is refused with the file, the line and the byte that is not UTF-8, and what to do,
 * instead of being read with replacement characters (names that no longer match the photos) or failing with
 * Java's bare {@code Input length = 1}. The reader is strict ({@link CodingErrorAction#REPORT}); only when it fails
 * is the file scanned again to find the line, so the common case costs nothing.
 */
public final class Utf8Text {
    private Utf8Text() {}

    /** A strict UTF-8 reader over {@code in}: malformed bytes raise a {@link CharacterCodingException}. */
    public static BufferedReader reader(InputStream in, int bufferSize) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(in, d), bufferSize);
    }

    /**
     * The error for a file that is not UTF-8: {@code pairs.csv line 3: byte 0xE9 is not UTF-8 ...; convert it}.
     * Scans {@code file} for the first malformed byte to name its line.
     */
    public static FacecalException notUtf8(Path file, CharacterCodingException cause) {
        String where = file.toString();
        String what = "the file is not UTF-8 text";
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(ch.size(), Integer.MAX_VALUE - 8));
            long[] at = firstMalformed(bytes);
            if (at != null) {
                where = file + " line " + at[0];
                what = "byte 0x" + String.format("%02X", at[1]) + " is not UTF-8";
            }
        } catch (IOException | RuntimeException e) {
            // the message below still names the file
        }
        return new FacecalException(where + ": " + what + "; the file looks like Latin-1 (ISO-8859-1) or "
                + "Windows-1252 text: convert it to UTF-8 (iconv -f latin1 -t utf-8 IN.csv > OUT.csv, or save it as "
                + "\"CSV UTF-8\") and run again", cause);
    }

    /** {line, byte} of the first byte that is not UTF-8, or null when all of {@code bytes} decodes. */
    static long[] firstMalformed(ByteBuffer bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(1 << 14);
        ByteBuffer in = bytes.duplicate();
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                int pos = in.position();
                long line = 1;
                for (int i = 0; i < pos; i++) if (bytes.get(i) == '\n') line++;
                return new long[] {line, bytes.get(pos) & 0xff};
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            return null;
        }
    }
}
