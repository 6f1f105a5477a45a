// Package csat is a pgx v4 codec for csat's satisfaction_rating: a survey
// answer with its scale, read and written in text and binary.
//
//	conn, _ := pgx.Connect(ctx, "")
//	csat.Register(ctx, conn)               // or pgxpool.Config.AfterConnect = csat.Register
//	var r csat.Rating
//	conn.QueryRow(ctx, "SELECT rating FROM surveys WHERE id = $1", 1).Scan(&r)    // r.String() == "4/5"
//	var v int
//	conn.QueryRow(ctx, "SELECT rating FROM surveys WHERE id = $1", 1).Scan(&v)    // 4
//	conn.Exec(ctx, "INSERT INTO surveys (rating) VALUES ($1)", 4)                   // the column's scale
//	conn.Exec(ctx, "INSERT INTO surveys (rating) VALUES ($1)", csat.NewRating(4, 1, 5))
//
// Parameters go as text: a Rating as "4/5", a Go integer (or "4") as a bare
// number that the server puts on the column's scale, or compares with a
// rating's value.  Binary COPY needs every rating with its scale: wrap the
// rows with ScaledRows, which gives the integers and strings of each rating
// column the column's scale.
//
// Rating also implements database/sql's Scanner and driver.Vr.
package csat

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgtype"
)

// Rating is a satisfaction_rating: V on the integer scale Lo..Hi
// (0 <= Lo < Hi <= 10).  A Rating made by Set from a bare number has V
// and no scale (Lo = Hi = 0): it can be sent as text, where the server gives
// it the column's scale, but not in binary.
type Rating struct {
	V      int // the value
	Lo, Hi int // the scale; 0, 0 for a bare number
	Status pgtype.Status
}

// NewRating returns the rating value on lo..hi, or panics when it is not one
// (use ParseRating or Set for input from outside).
func NewRating(value, lo, hi int) Rating {
	r := Rating{V: value, Lo: lo, Hi: hi, Status: pgtype.Present}
	if err := r.check(); err != nil {
		panic(err)
	}
	return r
}

var (
	ratingText = regexp.MustCompile(`^\s*(\d+)\s*/\s*(?:(\d+)\s*(?:-|\.\.)\s*)?(\d+)\s*$`)
	bareText   = regexp.MustCompile(`^\s*(\d+)(?:\.0*)?\s*$`)
)

// ParseRating reads '4/5', '9/0-10' or '9/0..10'; a bare '4' (or '4.0')
// gives a Rating without a scale.
func ParseRating(s string) (Rating, error) {
	if m := ratingText.FindStringSubmatch(s); m != nil {
		v, _ := strconv.Atoi(m[1])
		lo := 1
		if m[2] != "" {
			lo, _ = strconv.Atoi(m[2])
		}
		hi, _ := strconv.Atoi(m[3])
		r := Rating{V: v, Lo: lo, Hi: hi, Status: pgtype.Present}
		return r, r.check()
	}
	if m := bareText.FindStringSubmatch(s); m != nil {
		v, err := strconv.Atoi(m[1])
		if err != nil {
			return Rating{}, fmt.Errorf("csat: rating %q is out of range", s)
		}
		return Rating{V: v, Status: pgtype.Present}, nil
	}
	return Rating{}, fmt.Errorf("csat: invalid satisfaction_rating %q: write '4/5' or '9/0-10'", s)
}

// HasScale is false for a bare number (Set(4), ParseRating("4")).
func (r Rating) HasScale() bool { return r.Hi != 0 }

func (r Rating) check() error {
	if !r.HasScale() {
		return nil
	}
	if r.Lo < 0 || r.Lo >= r.Hi || r.Hi > 10 {
		return fmt.Errorf("csat: invalid scale %d-%d: a scale lo-hi needs 0 <= lo < hi <= 10", r.Lo, r.Hi)
	}
	if r.V < r.Lo || r.V > r.Hi {
		return fmt.Errorf("csat: rating value %d is out of range for scale %d-%d", r.V, r.Lo, r.Hi)
	}
	return nil
}

// OnScale gives a bare number the scale lo..hi (checked); a rating that has
// a scale must already be on it (never rescaled).
func (r Rating) OnScale(lo, hi int) (Rating, error) {
	if r.Status != pgtype.Present {
		return r, nil
	}
	if r.HasScale() {
		if r.Lo != lo || r.Hi != hi {
			return r, fmt.Errorf("csat: rating %s is not on the scale %d-%d", r, lo, hi)
		}
		return r, nil
	}
	s := Rating{V: r.V, Lo: lo, Hi: hi, Status: pgtype.Present}
	return s, s.check()
}

// String is the canonical text: "4/5" when Lo is 1, else "9/0-10"; a bare
// number is its digits.
func (r Rating) String() string {
	switch {
	case r.Status != pgtype.Present:
		return "NULL"
	case !r.HasScale():
		return strconv.Itoa(r.V)
	case r.Lo == 1:
		return fmt.Sprintf("%d/%d", r.V, r.Hi)
	default:
		return fmt.Sprintf("%d/%d-%d", r.V, r.Lo, r.Hi)
	}
}

// Normalized is (V - Lo) / (Hi - Lo), 0..1.
func (r Rating) Normalized() float64 {
	return float64(r.V-r.Lo) / float64(r.Hi-r.Lo)
}

// Set implements pgtype.Value: Rating, Go integers, whole floats, "4/5",
// "4", nil, and pointers to those (nil for NULL).
func (r *Rating) Set(src interface{}) error {
	if src == nil {
		*r = Rating{Status: pgtype.Null}
		return nil
	}
	var v int64
	switch s := src.(type) {
	case Rating:
		if err := s.check(); err != nil {
			return err
		}
		*r = s
		return nil
	case string:
		p, err := ParseRating(s)
		if err != nil {
			return err
		}
		*r = p
		return nil
	default:
		// every Go integer and float kind, named types included
		rv := reflect.ValueOf(src)
		switch rv.Kind() {
		case reflect.Ptr: // *Rating, *string, *int ...: what it points to, or NULL
			if rv.IsNil() {
				*r = Rating{Status: pgtype.Null}
				return nil
			}
			return r.Set(rv.Elem().Interface())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v = rv.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if rv.Uint() > 10 {
				return fmt.Errorf("csat: rating value %d is out of range for every scale (0..10)", rv.Uint())
			}
			v = int64(rv.Uint())
		case reflect.Float32, reflect.Float64:
			f := rv.Float()
			if f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) {
				return fmt.Errorf("csat: rating value %v is not a whole number", src)
			}
			if math.Abs(f) > 1e9 {
				return fmt.Errorf("csat: rating value %v is out of range for every scale (0..10)", src)
			}
			v = int64(f)
		default:
			return fmt.Errorf("csat: cannot convert %v (%T) to a satisfaction_rating", src, src)
		}
	}
	if v < 0 || v > 10 {
		return fmt.Errorf("csat: rating value %d is out of range for every scale (0..10)", v)
	}
	*r = Rating{V: int(v), Status: pgtype.Present}
	return nil
}

// Get implements pgtype.Value: the Rating, or nil for NULL.
func (r Rating) Get() interface{} {
	if r.Status != pgtype.Present {
		return nil
	}
	return r
}

// AssignTo implements pgtype.Value: *Rating, **Rating, pointers to Go
// integers and floats (the value), *string (the text), and pointers to
// pointers of those for NULL.
func (r *Rating) AssignTo(dst interface{}) error {
	if r.Status != pgtype.Present {
		switch d := dst.(type) {
		case *Rating:
			*d = Rating{Status: pgtype.Null}
			return nil
		case **Rating:
			*d = nil
			return nil
		}
		return pgtype.NullAssignTo(dst)
	}
	switch d := dst.(type) {
	case *Rating:
		*d = *r
	case **Rating:
		c := *r
		*d = &c
	case *string:
		*d = r.String()
	default:
		// a pointer to any Go integer or float kind gets the value
		if rv := reflect.ValueOf(dst); rv.Kind() == reflect.Ptr && !rv.IsNil() {
			switch e := rv.Elem(); e.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				e.SetInt(int64(r.V))
				return nil
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				e.SetUint(uint64(r.V))
				return nil
			case reflect.Float32, reflect.Float64:
				e.SetFloat(float64(r.V))
				return nil
			}
		}
		if next, ok := pgtype.GetAssignToDstType(dst); ok {
			return r.AssignTo(next)
		}
		return fmt.Errorf("csat: cannot assign %s to %T", r, dst)
	}
	return nil
}

// DecodeText implements pgtype.TextDecoder.
func (r *Rating) DecodeText(ci *pgtype.ConnInfo, src []byte) error {
	if src == nil {
		*r = Rating{Status: pgtype.Null}
		return nil
	}
	p, err := ParseRating(string(src))
	if err != nil {
		return err
	}
	if !p.HasScale() {
		return fmt.Errorf("csat: rating %q from the server has no scale", src)
	}
	*r = p
	return nil
}

// DecodeBinary implements pgtype.BinaryDecoder: the value byte, then the
// scale byte lo << 4 | hi.
func (r *Rating) DecodeBinary(ci *pgtype.ConnInfo, src []byte) error {
	if src == nil {
		*r = Rating{Status: pgtype.Null}
		return nil
	}
	if len(src) != 2 {
		return fmt.Errorf("csat: binary satisfaction_rating is 2 bytes, got %d", len(src))
	}
	p := Rating{V: int(src[0]), Lo: int(src[1] >> 4), Hi: int(src[1] & 15), Status: pgtype.Present}
	if !p.HasScale() {
		return errors.New("csat: binary satisfaction_rating without a scale")
	}
	if err := p.check(); err != nil {
		return err
	}
	*r = p
	return nil
}

// EncodeText implements pgtype.TextEncoder: "4/5", or "4" for a bare number.
func (r Rating) EncodeText(ci *pgtype.ConnInfo, buf []byte) ([]byte, error) {
	switch r.Status {
	case pgtype.Null:
		return nil, nil
	case pgtype.Undefined:
		return nil, errors.New("csat: cannot encode an undefined Rating")
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return append(buf, r.String()...), nil
}

// EncodeBinary implements pgtype.BinaryEncoder (binary COPY); a bare number
// has no binary form.
func (r Rating) EncodeBinary(ci *pgtype.ConnInfo, buf []byte) ([]byte, error) {
	switch r.Status {
	case pgtype.Null:
		return nil, nil
	case pgtype.Undefined:
		return nil, errors.New("csat: cannot encode an undefined Rating")
	}
	if !r.HasScale() {
		return nil, fmt.Errorf("csat: rating %d has no scale, and binary COPY needs one: give it csat.NewRating(%d, lo, hi) or wrap the rows with csat.ScaledRows", r.V, r.V)
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	return append(buf, byte(r.V), byte(r.Lo<<4|r.Hi)), nil
}

// PreferredParamFormat sends parameters as text, so that a bare number
// reaches the server, which knows the column's scale.
func (Rating) PreferredParamFormat() int16 { return pgtype.TextFormatCode }

// PreferredResultFormat reads results in binary (2 bytes a rating).
func (Rating) PreferredResultFormat() int16 { return pgtype.BinaryFormatCode }

// Scan implements database/sql's Scanner.
func (r *Rating) Scan(src interface{}) error {
	switch s := src.(type) {
	case nil:
		*r = Rating{Status: pgtype.Null}
		return nil
	case string:
		return r.DecodeText(nil, []byte(s))
	case []byte:
		return r.DecodeText(nil, s)
	}
	return fmt.Errorf("csat: cannot scan %T into a Rating", src)
}

// Value implements database/sql/driver's Valuer: the text, or nil.
func (r Rating) Value() (driver.Value, error) {
	if r.Status != pgtype.Present {
		return nil, nil
	}
	return r.String(), r.check()
}

// scaleOf reads the scale of format_type() output: satisfaction_rating(5),
// satisfaction_rating('0-10'), satisfaction_rating(0,10); ok false without one.
func scaleOf(sqlType string) (lo, hi int, ok bool) {
	i := strings.IndexByte(sqlType, '(')
	if i < 0 {
		return 0, 0, false
	}
	args := strings.Trim(sqlType[i:], "()' ")
	parts := strings.FieldsFunc(args, func(c rune) bool { return c == ',' || c == '-' || c == '.' || c == ' ' || c == '\'' })
	nums := make([]int, 0, 2)
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0, 0, false
		}
		nums = append(nums, n)
	}
	switch len(nums) {
	case 1:
		return 1, nums[0], true
	case 2:
		return nums[0], nums[1], true
	}
	return 0, 0, false
}
