package org.erlangen.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Seeded mutation fuzzing of a file reader. Each case copies the seed files (one file, or a dataset's folder of
 * them), mutates one of them a few times (numbers swapped for hostile ones such as 2147483647 or 700000000, bytes
 * flipped, inserted, deleted or repeated, lines repeated or cut, a line grown by thousands of fields, brackets
 * nested) and reads it. A case passes when the reader accepts the input or refuses it with one of its own exceptions;
 * any other exception or error (OutOfMemoryError, StackOverflowError, ArithmeticException, an index out of bounds)
 * fails, and so does a case that allocates more than the set bound on the heap of the thread that reads.
 *
 * <p>The number of cases is fixed and the mutations follow the seed, so a run is repeatable and takes as long as
 * its cases take; nothing is timed, except that a case still running after {@link #HANG} (thousands of times what
 * any case takes) is reported as a hang rather than left to stall the build.
 */
public final class Fuzz {
    /** Reads one case: the file, or the folder holding the dataset's files. */
    @FunctionalInterface
    public interface Reader {
        void read(Path input) throws Exception;
    }

    /** What a run found: cases accepted and refused, and the most heap one case allocated. */
    public record Result(int cases, int accepted, int refused, long mostAllocated) {
    }

    private static final long HANG = 60;
    private static final String[] NUMBERS = {"0", "-1", "1", "2", "3", "255", "65536", "1000000", "700000000",
        "2147483647", "2147483648", "-2147483648", "4294967296", "9223372036854775807", "99999999999999999999",
        "1e308", "-0", "nan", "inf", "0x10", "1.5"};
    private static final String[] INSERTS = {"\n", "\r\n", ",", " ", "\t", "#", "-", "0", "9", "[", "{", "]", "}",
        "\"", "\u0000", "\u00ff", "\n\n", "%"};

    private final Map<String, byte[]> seeds;
    private final List<Class<? extends Exception>> refusals;
    private final boolean folder;
    private int cases = 500;
    private long seed = 1;
    private long allocationBound = 64L << 20;

    private Fuzz(Map<String, byte[]> seeds, boolean folder, List<Class<? extends Exception>> refusals) {
        this.seeds = seeds;
        this.folder = folder;
        this.refusals = refusals;
    }

    /** Fuzzes a reader of one file; the reader gets the file's path. */
    @SafeVarargs
    public static Fuzz file(String name, String content, Class<? extends Exception>... refusals) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), refusals);
    }

    /** Fuzzes a reader of one file; the reader gets the file's path. */
    @SafeVarargs
    public static Fuzz file(String name, byte[] content, Class<? extends Exception>... refusals) {
        return new Fuzz(Map.of(name, content), false, List.of(refusals));
    }

    /** Fuzzes a reader of a folder of files (a dataset); the reader gets the folder's path. */
    @SafeVarargs
    public static Fuzz folder(Map<String, String> files, Class<? extends Exception>... refusals) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return new Fuzz(bytes, true, List.of(refusals));
    }

    public Fuzz cases(int n) {
        cases = n;
        return this;
    }

    public Fuzz seed(long s) {
        seed = s;
        return this;
    }

    /** The most heap bytes one case may allocate on the reading thread. */
    public Fuzz allocationBound(long bytes) {
        allocationBound = bytes;
        return this;
    }

    /**
     * Reads the seed unchanged (it must be accepted; this also loads the reader's classes, so their one-time cost
     * is not counted against a case), then every case; fails on the first case that crashes, hangs or allocates
     * too much, naming it and its mutations.
     */
    public Result run(Path dir, Reader reader) throws IOException, InterruptedException {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            Path input = write(dir.resolve("seed"), seeds);
            Outcome first = attempt(worker, reader, input, "the unchanged seed");
            if (first.error() != null) {
                fail("the unchanged seed is refused: " + first.error(), first.error());
            }
            Random random = new Random(seed);
            List<String> names = new ArrayList<>(seeds.keySet());
            int accepted = 0;
            int refused = 0;
            long most = 0;
            for (int c = 0; c < cases; c++) {
                Map<String, byte[]> files = new LinkedHashMap<>(seeds);
                String target = names.get(random.nextInt(names.size()));
                List<String> applied = new ArrayList<>();
                byte[] mutated = files.get(target);
                int rounds = 1 + random.nextInt(3);
                for (int m = 0; m < rounds; m++) {
                    mutated = mutate(mutated, random, applied);
                }
                files.put(target, mutated);
                input = write(dir.resolve("case"), files);
                String what = "case " + c + " (seed " + seed + ", " + target + ": " + String.join("; ", applied)
                        + ")";
                Outcome outcome = attempt(worker, reader, input, what);
                most = Math.max(most, outcome.allocated());
                assertTrue(outcome.allocated() <= allocationBound, what + " allocated " + outcome.allocated()
                        + " bytes, over the bound of " + allocationBound);
                if (outcome.error() == null) {
                    accepted++;
                } else if (refusals.stream().anyMatch(r -> r.isInstance(outcome.error()))) {
                    refused++;
                } else {
                    fail(what + " crashed the reader with " + outcome.error(), outcome.error());
                }
            }
            return new Result(cases, accepted, refused, most);
        } finally {
            worker.shutdownNow();
        }
    }

    private record Outcome(Throwable error, long allocated) {
    }

    private static Outcome attempt(ExecutorService worker, Reader reader, Path input, String what)
            throws InterruptedException {
        Future<Outcome> future = worker.submit(() -> {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            Throwable error = null;
            try {
                reader.read(input);
            } catch (Throwable t) {
                error = t;
            }
            return new Outcome(error, threads.getThreadAllocatedBytes(id) - before);
        });
        try {
            return future.get(HANG, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(what + " hangs: still reading after " + HANG + " s");
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": " + e.getCause(), e.getCause());
        }
    }

    private Path write(Path where, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(where);
        for (var e : files.entrySet()) {
            Files.createDirectories(where.resolve(e.getKey()).getParent()); // a layout of folders, such as OGB's
            Files.write(where.resolve(e.getKey()), e.getValue());
        }
        return folder ? where : where.resolve(files.keySet().iterator().next());
    }

    /** One mutation, described in {@code applied}. */
    static byte[] mutate(byte[] in, Random random, List<String> applied) {
        int n = in.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(9)) {
            case 0, 1 -> {
                // a number swapped for a hostile one: counts, ids, widths and sizes are where readers trust input
                int[] span = number(in, at);
                if (span != null) {
                    String number = NUMBERS[random.nextInt(NUMBERS.length)];
                    applied.add("number at " + span[0] + " -> " + number);
                    return splice(in, span[0], span[1], number.getBytes(StandardCharsets.ISO_8859_1));
                }
                applied.add("no number near " + at);
                return in;
            }
            case 2 -> {
                byte b = (byte) random.nextInt(256);
                applied.add("byte " + at + " -> " + (b & 0xff));
                byte[] out = in.clone();
                if (n > 0) {
                    out[at] = b;
                }
                return out;
            }
            case 3 -> {
                String insert = INSERTS[random.nextInt(INSERTS.length)];
                applied.add("insert " + printable(insert) + " at " + at);
                return splice(in, at, at, insert.getBytes(StandardCharsets.ISO_8859_1));
            }
            case 4 -> {
                int length = Math.min(n - at, 1 + random.nextInt(16));
                applied.add("delete " + length + " at " + at);
                return splice(in, at, at + length, new byte[0]);
            }
            case 5 -> {
                int length = Math.min(n - at, 1 + random.nextInt(32));
                int times = 1 + random.nextInt(64);
                applied.add("repeat " + length + " bytes at " + at + " x" + times);
                byte[] chunk = Arrays.copyOfRange(in, at, at + length);
                byte[] repeated = new byte[chunk.length * times];
                for (int k = 0; k < times; k++) {
                    System.arraycopy(chunk, 0, repeated, k * chunk.length, chunk.length);
                }
                return splice(in, at, at, repeated);
            }
            case 6 -> {
                applied.add("truncate at " + at);
                return Arrays.copyOf(in, at);
            }
            case 7 -> {
                // a line grown by thousands of fields (a TU attribute line of 700,000 fields divided by the bound)
                int end = lineEnd(in, at);
                int fields = 1000 + random.nextInt(4000);
                String sep = random.nextBoolean() ? ", " : " ";
                applied.add("line at " + end + " + " + fields + " fields");
                return splice(in, end, end, (sep + "1").repeat(fields).getBytes(StandardCharsets.ISO_8859_1));
            }
            default -> {
                int depth = 1 + random.nextInt(2000);
                applied.add("nesting " + depth + " at " + at);
                return splice(in, at, at, ("[".repeat(depth) + "]".repeat(depth)).getBytes(
                        StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** The span of the run of digits at or after {@code at}, or null. */
    private static int[] number(byte[] in, int at) {
        int start = at;
        while (start < in.length && !Character.isDigit(in[start])) {
            start++;
        }
        if (start == in.length) {
            return null;
        }
        int end = start;
        while (end < in.length && Character.isDigit(in[end])) {
            end++;
        }
        while (start > 0 && Character.isDigit(in[start - 1])) {
            start--;
        }
        return new int[] {start, end};
    }

    private static int lineEnd(byte[] in, int at) {
        int end = at;
        while (end < in.length && in[end] != '\n' && in[end] != '\r') {
            end++;
        }
        return end;
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append('\'').toString();
    }
}
