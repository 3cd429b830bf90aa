package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"servicehall/app"
	"servicehall/sync/wire"
)

func hallRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var code string
	st, err := openStore(args, "central hall revoke", stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "code", "", "hall code")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeHall(ctx, code); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "hall %s revoked; give it a new code with 'central hall add'\n", code)
	return nil
}

// applicationAdvance plays the back office: `central application advance --data DIR
// TC01-20261126-0001 --to approved`. The tracking number may stand before or after the flags.
func applicationAdvance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var to, note string
	var tracking string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		tracking, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("central application advance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "central's data folder")
	fs.StringVar(&to, "to", "", "new status: accepted, in_review, approved, rejected, delivered, withdrawn")
	fs.StringVar(&note, "note", "", "the back office's note")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if tracking == "" {
		tracking = fs.Arg(0)
	}
	if *data == "" || tracking == "" || to == "" {
		return errors.New("usage: central application advance --data DIR TRACKING --to STATUS")
	}
	st, err := openStore([]string{"--data", *data}, "central", stderr, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	ch, err := st.AdvanceApplication(ctx, tracking, to, note)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s → %s (feed seq %d)\n", tracking, to, ch.Seq)
	return nil
}

func noticeAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var n wire.Notice
	st, err := openStore(args, "central notice add", stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&n.Title, "title", "", "notice title")
		fs.StringVar(&n.Body, "body", "", "notice text")
		fs.StringVar(&n.Department, "department", "", "publishing department")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if n.Title == "" {
		return app.Errorf(app.EINVALID, "--title is required")
	}
	n.ID, n.PublishedAt = app.NewToken()[:22], time.Now().UTC()
	ch, err := st.Publish(ctx, "", wire.KindNotice, n.ID, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "notice %s published (feed seq %d)\n", n.ID, ch.Seq)
	return nil
}

func bookingAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var hall, body string
	st, err := openStore(args, "central booking add", stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&hall, "hall", "", "hall code")
		fs.StringVar(&body, "json", "", "the booking as a JSON object")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	var b map[string]any
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return fmt.Errorf("--json: %w", err)
	}
	if ok, err := st.HallExists(ctx, hall); err != nil || !ok {
		return fmt.Errorf("no hall %q at central", hall)
	}
	id, _ := b["id"].(string)
	if id == "" {
		id = app.NewToken()[:22]
		b["id"] = id
	}
	ch, err := st.Publish(ctx, hall, wire.KindBooking, id, b)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "booking %s for %s (feed seq %d)\n", id, hall, ch.Seq)
	return nil
}

func serviceAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var body string
	st, err := openStore(args, "central service add", stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&body, "json", "", "the catalogue entry as JSON (the catalogue file's format)")
	})
	if err != nil {
		return err
	}
	defer st.Close()
	var svc app.CatalogueService
	if err := json.Unmarshal([]byte(body), &svc); err != nil {
		return fmt.Errorf("--json: %w", err)
	}
	if svc.Code == "" || svc.Name == "" {
		return errors.New("a service needs a code and a name")
	}
	ch, err := st.Publish(ctx, "", wire.KindService, app.ServiceID(svc.Code), svc)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "service %s published (feed seq %d)\n", svc.Code, ch.Seq)
	return nil
}
