package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionWriterTest {

  @Test
  void transactionalIdsNameThePartitionSoEveryOwnerFencesTheLast() {
    assertThat(PartitionWriter.transactionalId(7)).isEqualTo("suggestions-cmd-p07");
    assertThat(PartitionWriter.transactionalId(11)).isEqualTo("suggestions-cmd-p11");
  }
}
