// Generates cross-implementation vectors for Writ's signed-note and cosignature code with the
// reference Go implementations: golang.org/x/mod/sumdb/note (Ed25519 note signatures, type 0x01)
// and github.com/transparency-dev/formats/note (cosignature/v1, type 0x04). The keys come from
// fixed seeds (SHA-256 of a label, test keys only); the cosignature timestamp is the time of the
// run (the library takes time.Now()). Run in this folder: go run . [note-to-verify]
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"

	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"
)

func seed(label string) []byte { s := sha256.Sum256([]byte(label)); return s[:] }

func keyID(name string, typ byte, pub []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name + "\n"))
	h.Write([]byte{typ})
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func keys(name string, typ byte, label string) (skey, vkey string) {
	sd := seed(label)
	pub := ed25519.NewKeyFromSeed(sd).Public().(ed25519.PublicKey)
	id := keyID(name, typ, pub)
	skey = fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", name, id, base64.StdEncoding.EncodeToString(append([]byte{typ}, sd...)))
	vkey = fmt.Sprintf("%s+%08x+%s", name, id, base64.StdEncoding.EncodeToString(append([]byte{typ}, pub...)))
	return
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	logS, logV := keys("writ.example/lineage", 0x01, "writ test log key")
	witS, witV := keys("witness.writ.example/w1", 0x04, "writ test witness key")
	ls, err := note.NewSigner(logS)
	must(err)
	ws, err := fnote.NewSignerForCosignatureV1(witS)
	must(err)
	lv, err := note.NewVerifier(logV)
	must(err)
	wv, err := fnote.NewVerifierForCosignatureV1(witV)
	must(err)

	must(os.WriteFile("keys.txt", []byte(fmt.Sprintf("log %s\nwitness %s\n", logV, witV)), 0o644))
	for i, text := range []string{
		"writ.example/lineage\n7\n3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n",
		"writ.example/lineage\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nan extension line\n",
	} {
		signed, err := note.Sign(&note.Note{Text: text}, ls, ws)
		must(err)
		_, err = note.Open(signed, note.VerifierList(lv, wv))
		must(err)
		name := fmt.Sprintf("go-cosigned-checkpoint-%d.txt", i+1)
		must(os.WriteFile(name, signed, 0o644))
		fmt.Printf("wrote %s\n", name)
	}
	if len(os.Args) > 1 { // verify a note written by Writ
		data, err := os.ReadFile(os.Args[1])
		must(err)
		n, err := note.Open(data, note.VerifierList(lv, wv))
		must(err)
		for _, s := range n.Sigs {
			ts, terr := fnote.CoSigV1Timestamp(s)
			fmt.Printf("verified %s %08x %v %v\n", s.Name, s.Hash, ts.Unix(), terr)
		}
	}
}
