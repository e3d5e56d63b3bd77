package assessment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// maxJSONDepth bounds how deeply the structure walks below recurse; an
// interchange file nests five levels deep.
const maxJSONDepth = 32

// mapFields are the objects of an interchange file whose keys are data
// (question, condition and area IDs), compared exactly; the keys of every
// other object are field names, which encoding/json matches ignoring case.
var mapFields = set("answers", "plan", "profile", "areas", "probabilities")

// checkRepeatedKeys refuses a document in which an object has the same key
// twice: encoding/json would keep the last and drop the other silently.
// data must already be valid JSON.
func checkRepeatedKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(path, name string, depth int) error
	walk = func(path, name string, depth int) error {
		if depth > maxJSONDepth {
			return fmt.Errorf("%s: nested more than %d levels deep", path, maxJSONDepth)
		}
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				t, err := dec.Token()
				if err != nil {
					return err
				}
				key := t.(string)
				same := key
				if !mapFields[name] {
					same = strings.ToLower(key)
				}
				field := key
				if path != "" {
					field = path + "." + key
				}
				if seen[same] {
					return fmt.Errorf("%s: appears twice in one object (line %d)", field, lineOf(data, dec.InputOffset()))
				}
				seen[same] = true
				if err := walk(field, key, depth+1); err != nil {
					return err
				}
			}
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i), name, depth+1); err != nil {
					return err
				}
			}
		default:
			return nil
		}
		_, err = dec.Token() // the closing delimiter
		return err
	}
	return walk("", "", 0)
}

// member is one key of a JSON object with its value, in document order.
type member struct {
	key   string
	value json.RawMessage
}

// members reads a JSON object in order; ok is false when v is not an object.
func members(v json.RawMessage) (ms []member, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(v))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		var m member
		m.key = t.(string)
		if err := dec.Decode(&m.value); err != nil {
			return nil, false
		}
		ms = append(ms, m)
	}
	return ms, true
}

func elements(v json.RawMessage) ([]json.RawMessage, bool) {
	if t := bytes.TrimSpace(v); len(t) == 0 || t[0] != '[' {
		return nil, false
	}
	var out []json.RawMessage
	return out, json.Unmarshal(v, &out) == nil
}

// UpdateFile is EncodeFile of a, the assessment read from the interchange
// file orig, keeping what this version does not know: every field of orig
// that a has no place for stays, with its value exactly as it was, after
// the known fields of its object. A newer soc2ready's fields thus survive
// an older one updating the file (as import-xlsx --into FILE does).
func UpdateFile(orig []byte, a *Assessment) ([]byte, error) {
	data, err := EncodeFile(a)
	if err != nil {
		return nil, err
	}
	merged, err := keepUnknown(orig, data, reflect.TypeOf(fileEnvelope{}))
	if err != nil {
		return nil, fmt.Errorf("encode assessment: %w", err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, merged, "", "  "); err != nil {
		return nil, fmt.Errorf("encode assessment: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// keepUnknown returns next with the fields of orig that type t does not
// know added back; it descends into the objects and lists both hold.
func keepUnknown(orig, next json.RawMessage, t reflect.Type) (json.RawMessage, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		om, ok1 := members(orig)
		nm, ok2 := members(next)
		if !ok1 || !ok2 {
			return next, nil
		}
		known := map[string]reflect.Type{}
		// encoding/json matches a struct's field names ignoring case, and
		// so does this; a map's keys are data, matched exactly
		fold := func(k string) string { return k }
		if t.Kind() == reflect.Struct {
			jsonFields(t, known)
			fold = strings.ToLower
		}
		old := map[string]json.RawMessage{}
		for _, m := range om {
			old[fold(m.key)] = m.value
		}
		in := map[string]bool{}
		var b bytes.Buffer
		b.WriteByte('{')
		add := func(key string, v json.RawMessage) {
			if b.Len() > 1 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(key)
			b.Write(k)
			b.WriteByte(':')
			b.Write(v)
		}
		for _, m := range nm {
			in[fold(m.key)] = true
			v := m.value
			if o, ok := old[fold(m.key)]; ok {
				ct := t
				if t.Kind() == reflect.Map {
					ct = t.Elem()
				} else {
					ct = known[m.key]
				}
				if ct != nil {
					var err error
					if v, err = keepUnknown(o, v, ct); err != nil {
						return nil, err
					}
				}
			}
			add(m.key, v)
		}
		for _, m := range om {
			// a known field missing from next was left out as empty
			if !in[fold(m.key)] && !knownFold(known, m.key) && t.Kind() == reflect.Struct {
				add(m.key, m.value)
			}
		}
		b.WriteByte('}')
		return b.Bytes(), nil
	case reflect.Slice:
		oe, ok1 := elements(orig)
		ne, ok2 := elements(next)
		if !ok1 || !ok2 || len(oe) != len(ne) {
			return next, nil
		}
		var b bytes.Buffer
		b.WriteByte('[')
		for i := range ne {
			v, err := keepUnknown(oe[i], ne[i], t.Elem())
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(v)
		}
		b.WriteByte(']')
		return b.Bytes(), nil
	}
	return next, nil
}

// knownFold reports whether key names a field of known, ignoring case as
// encoding/json does.
func knownFold(known map[string]reflect.Type, key string) bool {
	for k := range known {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// jsonFields adds the JSON names of struct t's fields, with their types,
// to known; embedded structs add theirs.
func jsonFields(t reflect.Type, known map[string]reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				jsonFields(ft, known)
			}
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		known[name] = f.Type
	}
}
