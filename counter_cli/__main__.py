from counter_cli.main import main

raise SystemExit(main())
