package dev.lunora.local.medialive;

/** Stream keys are secrets: anything the simulator shows or logs carries only their last four characters. */
final class StreamKeys {

    private StreamKeys() {
    }

    static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "";
        }
        return "••••" + (key.length() > 4 ? key.substring(key.length() - 4) : "");
    }
}
