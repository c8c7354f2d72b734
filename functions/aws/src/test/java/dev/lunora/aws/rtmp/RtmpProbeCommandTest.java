package dev.lunora.aws.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes the connection test sends and reads, without a server (the server cases are in RtmpProbeTest). */
class RtmpProbeCommandTest {

    @Test
    void application_isTheFirstPathSegment_theKeyAfterItIsNeverSent() throws IOException {
        String app = RtmpProbe.application(URI.create("rtmp://a.rtmp.youtube.com/live2/secret-key-1234"));
        assertThat(app).isEqualTo("live2");
        String text = new String(RtmpProbe.connectCommand(app, "rtmp://a.rtmp.youtube.com:1935/live2"), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("connect", "live2", "tcUrl").doesNotContain("secret-key-1234");
    }

    @Test
    void connectCommand_isChunkedAtTheDefaultChunkSize() throws IOException {
        byte[] command = RtmpProbe.connectCommand("app", "rtmp://" + "h".repeat(200) + ":1935/app");
        assertThat(command[0]).as("fmt 0, chunk stream 3").isEqualTo((byte) 0x03);
        int length = ((command[4] & 0xFF) << 16) | ((command[5] & 0xFF) << 8) | (command[6] & 0xFF);
        assertThat(command[12 + 128]).as("a type-3 header after 128 payload bytes").isEqualTo((byte) 0xC3);
        assertThat(command.length).isEqualTo(12 + length + (length - 1) / 128);
    }

    @Test
    void readCommandName_findsTheResultAfterControlMessagesAndAChunkSizeChange() throws IOException {
        java.io.ByteArrayOutputStream server = new java.io.ByteArrayOutputStream();
        // Set Chunk Size 4096 on chunk stream 2, then _result on chunk stream 3 in one chunk.
        server.write(new byte[] {0x02, 0, 0, 0, 0, 0, 4, 0x01, 0, 0, 0, 0, 0, 0, 0x10, 0});
        byte[] name = "_result".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[3 + name.length];
        body[0] = 0x02;
        body[2] = (byte) name.length;
        System.arraycopy(name, 0, body, 3, name.length);
        server.write(new byte[] {0x03, 0, 0, 0, 0, 0, (byte) body.length, 0x14, 0, 0, 0, 0});
        server.write(body);
        assertThat(RtmpProbe.readCommandName(new DataInputStream(new ByteArrayInputStream(server.toByteArray())))).isEqualTo("_result");
    }
}
