package io.cpchain.crypto.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.CryptoFormatException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Against the test vectors of Certificate Transparency's reference implementation (the 8-leaf tree
 * used by its merkle tree tests and by Trillian), and properties over every size.
 */
class MerkleTreeTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final List<byte[]> LEAVES = List.of(
      HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"), HEX.parseHex("2021"), HEX.parseHex("3031"),
      HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"),
      HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
  private static final List<String> ROOTS = List.of(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  @Test
  void rootsOfEveryPrefixMatchTheReference() {
    MerkleTree tree = MerkleTree.of(LEAVES);
    for (int size = 1; size <= 8; size++) {
      assertEquals(ROOTS.get(size - 1), HEX.formatHex(tree.root(size)), "root of " + size + " leaves");
      assertEquals(ROOTS.get(size - 1), HEX.formatHex(MerkleTree.of(LEAVES.subList(0, size)).root()));
    }
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HEX.formatHex(MerkleTree.of(List.of()).root()), "the empty tree is SHA-256 of nothing");
  }

  @Test
  void aTreeOverLeafHashesIsTheTreeOverTheirLeaves() {
    List<byte[]> hashes = LEAVES.stream().map(MerkleHash::leaf).toList();
    assertEquals(ROOTS.get(7), HEX.formatHex(MerkleTree.ofLeafHashes(hashes).root()));
    assertThrows(IllegalArgumentException.class, () -> MerkleTree.ofLeafHashes(List.of(new byte[31])));
  }

  @Test
  void auditPathOfTheFirstLeafMatchesTheReference() {
    InclusionProof proof = MerkleTree.of(LEAVES).inclusionProof(0);
    assertEquals(List.of(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        proof.path().stream().map(HEX::formatHex).toList());
  }

  @Test
  void consistencyProofsMatchTheReference() {
    MerkleTree tree = MerkleTree.of(LEAVES);
    assertEquals(List.of(
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        tree.consistencyProof(1).path().stream().map(HEX::formatHex).toList());
    assertEquals(List.of(
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        tree.consistencyProof(6).path().stream().map(HEX::formatHex).toList());
  }

  @Property(tries = 60)
  void everyLeafIsProvablyInTheTreeAndNoOtherIs(@ForAll @IntRange(min = 1, max = 70) int size) {
    MerkleTree tree = MerkleTree.of(leaves(size));
    byte[] root = tree.root();
    for (int i = 0; i < size; i++) {
      InclusionProof proof = tree.inclusionProof(i);
      assertTrue(proof.verifyLeaf(leaf(i), root), "leaf " + i + " of " + size);
      assertFalse(proof.verifyLeaf(leaf(i + 1000), root), "another leaf at " + i);
      if (size > 1) {
        assertFalse(new InclusionProof((i + 1) % size, size, proof.path()).verifyLeaf(leaf(i), root),
            "the same path at another index");
      }
      root[0] ^= 1;
      assertFalse(proof.verifyLeaf(leaf(i), root), "another root");
      root[0] ^= 1;
    }
  }

  @Property(tries = 60)
  void everyPrefixIsProvablyConsistent(@ForAll @IntRange(min = 1, max = 40) int oldSize,
      @ForAll @IntRange(min = 0, max = 40) int growth) {
    MerkleTree tree = MerkleTree.of(leaves(oldSize + growth));
    ConsistencyProof proof = tree.consistencyProof(oldSize);
    assertTrue(proof.verify(tree.root(oldSize), tree.root()));
    byte[] forgedOld = MerkleTree.of(forgedPrefix(oldSize)).root();
    assertFalse(proof.verify(forgedOld, tree.root()), "a different history is not consistent");
  }

  @Test
  void proofsRoundTripAndMalformedBytesAreRejected() throws Exception {
    MerkleTree tree = MerkleTree.of(LEAVES);
    InclusionProof proof = tree.inclusionProof(5);
    InclusionProof parsed = InclusionProof.fromBytes(proof.toBytes());
    assertTrue(parsed.verifyLeaf(LEAVES.get(5), tree.root()));
    assertArrayEquals(proof.toBytes(), parsed.toBytes());
    ConsistencyProof consistency = ConsistencyProof.fromBytes(tree.consistencyProof(3).toBytes());
    assertTrue(consistency.verify(tree.root(3), tree.root()));

    byte[] bytes = proof.toBytes();
    assertThrows(CryptoFormatException.class, () -> InclusionProof.fromBytes(java.util.Arrays.copyOf(bytes, 30)));
    byte[] badVersion = bytes.clone();
    badVersion[0] = 9;
    assertThrows(CryptoFormatException.class, () -> InclusionProof.fromBytes(badVersion));
    byte[] badCount = bytes.clone();
    badCount[17] = 5;
    assertThrows(CryptoFormatException.class, () -> InclusionProof.fromBytes(badCount));
    assertThrows(CryptoFormatException.class, () -> InclusionProof.fromBytes(new byte[3]));
  }

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(leaf(i));
    }
    return leaves;
  }

  private static List<byte[]> forgedPrefix(int n) {
    List<byte[]> leaves = leaves(n);
    leaves.set(n - 1, leaf(-1));
    return leaves;
  }

  private static byte[] leaf(int i) {
    return ("reading " + i).getBytes();
  }
}
